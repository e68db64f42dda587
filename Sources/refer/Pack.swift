import ArgumentParser
import Foundation
import Packs
import Store

extension Refer {
    /// `refer pack ...`: build, sign, share and install plugin packs.
    struct Pack: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pack",
            abstract: "Build, sign, share and install plugin packs.",
            discussion: """
            A pack is a folder with pack.toml, plugins/NAME/plugin.lua and data files
            (see examples/packs/README.md).

            Publish:  refer pack keygen
                      refer pack build DIR
                      refer pack sign ARCHIVE --key FILE
            Install:  refer pack trust KEY
                      refer pack install ARCHIVE
            """,
            subcommands: [
                Build.self, Keygen.self, Sign.self, Verify.self,
                Install.self, Update.self, Remove.self, Sync.self, List.self,
                Trust.self, Untrust.self, Keys.self,
            ]
        )
    }
}

/// Runs a pack operation, turning its errors into the one-line messages users read.
func withPackErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as PackError {
        throw CLIError(error.description)
    }
}

/// Prints `value` as sorted, pretty JSON.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

extension Refer.Pack {
    /// `refer pack build [DIR]`.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract: "Build a pack folder into NAME-VERSION.referpack.",
            discussion: "Example:\n  refer pack build examples/packs/gift-ideas --output dist/")

        @Argument(help: "The pack folder (default: the current folder).")
        var directory: String = "."

        @Option(help: "Where to write the archive (default: beside the folder).")
        var output: String?

        func run() throws {
            let archive = try withPackErrors {
                try PackBuilder.build(folder: URL(fileURLWithPath: directory), outputDirectory: output.map { URL(fileURLWithPath: $0) })
            }
            print("Built \(archive.path)")
        }
    }

    /// `refer pack keygen`.
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Make an Ed25519 key pair for signing packs.",
            discussion: """
            Writes the private key (readable by you only) and NAME.pub beside it, and prints
            the public key: give it to the practices that install your packs.
            Example:
              refer pack keygen --name ionescu
            """)

        @Option(help: "The key's name (default: default).")
        var name = "default"

        @Option(help: "The private key file (default: ~/.config/refer/keys/NAME.key).")
        var output: String?

        func run() throws {
            let file = output.map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
                .appendingPathComponent(".config/refer/keys/\(name).key")
            let key = PackSigningKey()
            try withPackErrors { try key.write(to: file) }
            let publicFile = file.deletingPathExtension().appendingPathExtension("pub")
            try? Data((key.publicKey.base64 + "\n").utf8).write(to: publicFile, options: .atomic)
            print("Private key: \(file.path) (keep it secret)")
            print("Public key:  \(publicFile.path)")
            print("Key id:      \(key.publicKey.id)")
            print(key.publicKey.base64)
        }
    }

    /// `refer pack sign ARCHIVE|DIR --key FILE`.
    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign",
            abstract: "Sign a pack archive, or a pack folder in place.",
            discussion: """
            An archive gets a SIGNATURE entry. A folder gets MANIFEST and SIGNATURE files, so
            that a git repository of it installs as signed.
            Example:
              refer pack sign gift-ideas-1.0.0.referpack --key ~/.config/refer/keys/default.key
            """)

        @Argument(help: "The .referpack archive or pack folder.")
        var target: String

        @Option(help: "The private key file from `refer pack keygen`.")
        var key: String

        func run() throws {
            let url = URL(fileURLWithPath: target)
            let signature = try withPackErrors { () throws -> PackSignature in
                let signingKey = try PackSigningKey(contentsOf: URL(fileURLWithPath: key))
                var isDirectory: ObjCBool = false
                let isFolder = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
                return isFolder
                    ? try PackSigner.sign(folder: url, with: signingKey)
                    : try PackSigner.sign(archive: url, with: signingKey)
            }
            print("Signed \(signature.name) \(signature.version) with key \(signature.keyID)")
        }
    }

    /// `refer pack verify ARCHIVE`.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check an archive (entries, checksums, signature) and print its signer.",
            discussion: """
            Uses the practice's trusted keys when run inside a practice, plus any --key.
            Example:
              refer pack verify gift-ideas-1.0.0.referpack --key ionescu.pub
            """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The .referpack archive.")
        var archive: String

        @Option(help: "A public key file or base64 text to accept besides the trusted keys.")
        var key: [String] = []

        @Flag(help: "Accept an archive without a trusted signature (the rest is still checked).")
        var allowUnsigned = false

        func run() throws {
            var keys = try key.map(readPublicKey)
            var allow = allowUnsigned
            // Inside a practice its trust applies; outside one, only --key does. A practice
            // named with --practice must open.
            let practice = global.practice == nil ? try? global.openPractice() : try global.openPractice()
            if let practice {
                keys += try withPackErrors { try TrustedKeys(practiceRoot: practice.root).all() }
                allow = allow || practice.config.packs.allowUnsigned
            }
            let pack = try withPackErrors {
                try PackSigner.verify(archive: URL(fileURLWithPath: archive), policy: SignaturePolicy(trustedKeys: keys, allowUnsigned: allow))
            }
            let signer = pack.signer?.displayName ?? (pack.signatureKeyID.map { "unknown key \($0) (not verified)" } ?? "nobody (unsigned)")
            if global.json {
                try printJSON(["name": pack.manifest.name, "version": pack.manifest.version.description,
                               "signer": pack.signer?.id ?? "", "archive_sha256": pack.archiveSHA256,
                               "manifest_sha256": pack.manifestSHA256])
            } else {
                print("\(pack.manifest.id): OK, \(pack.checksumList.files.count) files match MANIFEST")
                print("Signed by: \(signer)")
            }
        }
    }
}

/// A public key given as a file holding base64, or as the base64 text itself.
func readPublicKey(_ text: String) throws -> PackPublicKey {
    try withPackErrors {
        if FileManager.default.fileExists(atPath: text) {
            let body = (try? String(contentsOfFile: text, encoding: .utf8)) ?? ""
            let key = body.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("#") }.joined()
            return try PackPublicKey(base64: key, source: text)
        }
        return try PackPublicKey(base64: text, source: "the key given")
    }
}
