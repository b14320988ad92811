/// A commonly opened page of the AWS console, offered by the shortcut builder so nobody has to hunt
/// for a URL: the service's start page in a chosen region.
///
/// Addresses are the commercial partition's (`console.aws.amazon.com`); GovCloud and China users paste
/// a URL instead. Global services (IAM, Billing, Route 53) ignore the region.
package struct ConsoleService: Hashable, Sendable {
    /// Short and stable: the value the shortcut builder's form sends.
    package let id: String
    package let name: String
    /// `{region}` stands for the chosen region; a template without it is a global service.
    private let template: String

    private init(_ id: String, _ name: String, _ template: String) {
        self.id = id
        self.name = name
        self.template = template
    }

    package var isRegional: Bool { template.contains("{region}") }

    /// The console URL of this service in `region`.
    package func url(region: String) -> String {
        template.replacing("{region}", with: region)
    }

    package static func find(id: String) -> ConsoleService? {
        all.first { $0.id == id }
    }

    /// The services the builder lists, alphabetically by name after the console home.
    package static let all: [ConsoleService] = [
        ConsoleService("home", "Console home", "https://{region}.console.aws.amazon.com/console/home?region={region}"),
        ConsoleService("billing", "Billing and Cost Management", "https://console.aws.amazon.com/costmanagement/home"),
        ConsoleService(
            "cloudformation", "CloudFormation", "https://{region}.console.aws.amazon.com/cloudformation/home?region={region}#/stacks"),
        ConsoleService("cloudtrail", "CloudTrail", "https://{region}.console.aws.amazon.com/cloudtrail/home?region={region}#/events"),
        ConsoleService("cloudwatch", "CloudWatch", "https://{region}.console.aws.amazon.com/cloudwatch/home?region={region}#home:"),
        ConsoleService(
            "logs", "CloudWatch Logs", "https://{region}.console.aws.amazon.com/cloudwatch/home?region={region}#logsV2:log-groups"),
        ConsoleService("dynamodb", "DynamoDB", "https://{region}.console.aws.amazon.com/dynamodbv2/home?region={region}#tables"),
        ConsoleService("ec2", "EC2", "https://{region}.console.aws.amazon.com/ec2/home?region={region}#Instances:"),
        ConsoleService("ecr", "ECR", "https://{region}.console.aws.amazon.com/ecr/private-registry/repositories?region={region}"),
        ConsoleService("ecs", "ECS", "https://{region}.console.aws.amazon.com/ecs/v2/clusters?region={region}"),
        ConsoleService("eks", "EKS", "https://{region}.console.aws.amazon.com/eks/home?region={region}#/clusters"),
        ConsoleService("iam", "IAM", "https://console.aws.amazon.com/iam/home#/home"),
        ConsoleService("kms", "KMS", "https://{region}.console.aws.amazon.com/kms/home?region={region}#/kms/keys"),
        ConsoleService("lambda", "Lambda", "https://{region}.console.aws.amazon.com/lambda/home?region={region}#/functions"),
        ConsoleService("rds", "RDS", "https://{region}.console.aws.amazon.com/rds/home?region={region}#databases:"),
        ConsoleService("route53", "Route 53", "https://console.aws.amazon.com/route53/v2/hostedzones"),
        ConsoleService("s3", "S3", "https://s3.console.aws.amazon.com/s3/buckets?region={region}"),
        ConsoleService(
            "secretsmanager", "Secrets Manager", "https://{region}.console.aws.amazon.com/secretsmanager/listsecrets?region={region}"),
        ConsoleService("sns", "SNS", "https://{region}.console.aws.amazon.com/sns/v3/home?region={region}#/topics"),
        ConsoleService("sqs", "SQS", "https://{region}.console.aws.amazon.com/sqs/v3/home?region={region}#/queues"),
        ConsoleService("ssm", "Systems Manager", "https://{region}.console.aws.amazon.com/systems-manager/home?region={region}"),
        ConsoleService("vpc", "VPC", "https://{region}.console.aws.amazon.com/vpcconsole/home?region={region}#vpcs:"),
    ]

    /// The commercial partition's regions, in AWS's own order of codes.
    package static let regions: [(code: String, name: String)] = [
        ("us-east-1", "US East (N. Virginia)"), ("us-east-2", "US East (Ohio)"), ("us-west-1", "US West (N. California)"),
        ("us-west-2", "US West (Oregon)"), ("af-south-1", "Africa (Cape Town)"), ("ap-east-1", "Asia Pacific (Hong Kong)"),
        ("ap-south-1", "Asia Pacific (Mumbai)"), ("ap-south-2", "Asia Pacific (Hyderabad)"),
        ("ap-southeast-1", "Asia Pacific (Singapore)"), ("ap-southeast-2", "Asia Pacific (Sydney)"),
        ("ap-southeast-3", "Asia Pacific (Jakarta)"), ("ap-southeast-4", "Asia Pacific (Melbourne)"),
        ("ap-northeast-1", "Asia Pacific (Tokyo)"), ("ap-northeast-2", "Asia Pacific (Seoul)"),
        ("ap-northeast-3", "Asia Pacific (Osaka)"), ("ca-central-1", "Canada (Central)"), ("eu-central-1", "Europe (Frankfurt)"),
        ("eu-central-2", "Europe (Zurich)"), ("eu-west-1", "Europe (Ireland)"), ("eu-west-2", "Europe (London)"),
        ("eu-west-3", "Europe (Paris)"), ("eu-south-1", "Europe (Milan)"), ("eu-south-2", "Europe (Spain)"),
        ("eu-north-1", "Europe (Stockholm)"), ("il-central-1", "Israel (Tel Aviv)"), ("me-south-1", "Middle East (Bahrain)"),
        ("me-central-1", "Middle East (UAE)"), ("sa-east-1", "South America (São Paulo)"),
    ]

    package static let defaultRegion = "us-east-1"

    package static func isRegion(_ code: String) -> Bool {
        regions.contains { $0.code == code }
    }
}
