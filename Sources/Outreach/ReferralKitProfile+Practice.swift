import Foundation
import Model

extension ReferralKitProfile {
    /// The kit's material from the practice profile in `refer.toml` (R8, R15).
    ///
    /// `actionsWanted` are what the practice asks of this partner (R9); they become the
    /// "how to introduce us" text. Without them the text says whom to contact and how.
    /// - Throws: ``OutreachError/referralKitProfileIncomplete(missing:)`` naming the
    ///   `[practice]` keys a kit cannot do without.
    public init(practice profile: PracticeConfig.Profile, actionsWanted: [String] = []) throws {
        var missing: [String] = []
        if profile.idealProspect.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { missing.append("ideal_prospect") }
        if profile.problemsSolved.isEmpty { missing.append("problems_solved") }
        if profile.processSteps.isEmpty { missing.append("process_steps") }
        guard missing.isEmpty else { throw OutreachError.referralKitProfileIncomplete(missing: missing) }

        let person = profile.owner.isEmpty ? profile.name : profile.owner
        let reach = [profile.email, profile.phone].filter { !$0.isEmpty }
        let introduce: String
        if !actionsWanted.isEmpty {
            introduce = actionsWanted.joined(separator: " ")
        } else if reach.isEmpty {
            introduce = "Tell them about us and tell \(person) about them; we take it from there and let you know how it went."
        } else {
            introduce = "Write to both of us in one e-mail, or give them \(reach.joined(separator: " or ")) and tell \(person) to expect them; we take it from there and let you know how it went."
        }
        let contact = ([profile.owner.isEmpty ? "" : "\(profile.owner), \(profile.name)"] + reach + [profile.website])
            .filter { !$0.isEmpty }.joined(separator: " · ")
        self.init(
            practiceName: profile.name, idealProspect: profile.idealProspect,
            problemsSolved: profile.problemsSolved, processSteps: profile.processSteps,
            howToIntroduce: introduce, contact: contact.isEmpty ? nil : contact)
    }
}
