/// How a permission set's name becomes the IAM role name in every account: the `role_name` of console
/// links and the role in the SAML assertion.
///
/// One function, so that a configurable pattern (a setting) changes every link and tile at once.
enum RoleNaming {
    /// The IAM role for the permission set named `permissionSetName`; by default the same name.
    static func roleName(forPermissionSet permissionSetName: String) -> String {
        permissionSetName
    }
}
