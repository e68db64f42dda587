import Foundation

/// What this build of Refer offers to packs.
public enum PackHost {
    /// The version of the plugin API this host provides. A pack's `host_api` range must
    /// contain it. Bump the minor for additions, the major for breaking changes.
    public static let apiVersion = SemanticVersion(major: 1, minor: 0, patch: 0)

    /// The file extension of a built pack archive.
    public static let archiveExtension = "referpack"
}
