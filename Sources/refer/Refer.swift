import ArgumentParser

@main
struct Refer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "refer", abstract: "A practice's referral system.")
}
