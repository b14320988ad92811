/// An AWS partition: IAM and its ARNs are per partition, each with its own endpoint and signing region.
package enum AWSPartition: String, Sendable, CaseIterable {
    /// Commercial regions: `arn:aws:…`.
    case aws
    /// AWS GovCloud (US): `arn:aws-us-gov:…`.
    case usGov = "aws-us-gov"
    /// China (Beijing, Ningxia): `arn:aws-cn:…`, hosts under `amazonaws.com.cn`.
    case china = "aws-cn"

    /// IAM's one endpoint in the partition, signed for its home region.
    package var iam: AWSServiceURL {
        switch self {
        case .aws: AWSServiceURL(url: "https://iam.amazonaws.com/", signingRegion: "us-east-1")
        case .usGov: AWSServiceURL(url: "https://iam.us-gov.amazonaws.com/", signingRegion: "us-gov-west-1")
        case .china: AWSServiceURL(url: "https://iam.cn-north-1.amazonaws.com.cn/", signingRegion: "cn-north-1")
        }
    }

    /// STS's regional endpoint in the partition's home region (AWS recommends regional over global).
    package var sts: AWSServiceURL {
        switch self {
        case .aws: AWSServiceURL(url: "https://sts.us-east-1.amazonaws.com/", signingRegion: "us-east-1")
        case .usGov: AWSServiceURL(url: "https://sts.us-gov-west-1.amazonaws.com/", signingRegion: "us-gov-west-1")
        case .china: AWSServiceURL(url: "https://sts.cn-north-1.amazonaws.com.cn/", signingRegion: "cn-north-1")
        }
    }

    /// The partition of an ARN (`arn:<partition>:…`), or nil when it names none of these.
    package static func of(arn: String) -> AWSPartition? {
        let parts = arn.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "arn" else { return nil }
        return AWSPartition(rawValue: String(parts[1]))
    }
}

/// The IAM and STS endpoints Portico provisions through: a partition's own, or one override URL for both
/// (moto in server mode answers IAM and STS at the same address).
package struct AWSEndpoints: Sendable, Equatable {
    package var partition: AWSPartition
    package var iam: AWSServiceURL
    package var sts: AWSServiceURL

    package init(partition: AWSPartition) {
        self.partition = partition
        iam = partition.iam
        sts = partition.sts
    }

    /// Both services at `url`, signed for the partition's home region.
    package init(partition: AWSPartition = .aws, overrideURL url: String) {
        self.partition = partition
        iam = AWSServiceURL(url: url, signingRegion: partition.iam.signingRegion)
        sts = AWSServiceURL(url: url, signingRegion: partition.sts.signingRegion)
    }
}
