import ArgumentParser
import Foundation
import Outreach
import Store

extension Refer.Export {
    /// `refer export ics`: tasks with a due time as VTODOs and appreciation events as
    /// VEVENTs, in the practice's time zone, with UIDs that stay the same across exports.
    func exportCalendar(_ ctx: CommandContext) throws {
        guard kind == nil, tag == nil else {
            throw CLIError("--kind and --tag choose contacts; `refer export ics` exports tasks and events. Leave them out.")
        }
        let tasks = try storeCall { try ctx.store.tasks(includeDone: true) }.compactMap(CalendarTask.init)
        let events = try storeCall { try ctx.store.appreciationEvents() }.map(\.event)
            .sorted { ($0.at, $0.id ?? 0) < ($1.at, $1.id ?? 0) }.compactMap(CalendarEvent.init)
        let profile = ctx.practice.config.practice
        let writer = try outreachCall { try ICalendarWriter(practice: profile.name, timeZoneIdentifier: profile.timezone) }
        let text = writer.calendar(events: events, tasks: tasks, stamp: Date())
        try emit(text, summary: "Exported \(events.count) event(s) and \(tasks.count) task(s)")
    }

    /// Writes `text` to `--output` (atomically, then prints `summary`) or to stdout.
    func emit(_ text: String, summary: String) throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError("cannot write \(output): \((error as NSError).localizedDescription); check the folder exists and is writable.")
        }
        print("\(summary) to \(output)")
    }
}
