/// The badge style for an account's environment label: the label is free text, so only well-known
/// spellings get a colour, and the class name always comes from this list, never from the label.
enum EnvironmentBadge {
    static func cssClass(_ environment: String) -> String {
        switch environment.lowercased() {
        case "prod", "production", "prd", "live": "badge badge-prod"
        case "staging", "stage", "stg", "preprod", "pre-prod", "uat": "badge badge-staging"
        case "dev", "development", "test", "testing", "qa": "badge badge-dev"
        case "sandbox", "sbx", "playground": "badge badge-sandbox"
        default: "badge"
        }
    }
}
