import Foundation
import Model

extension CalendarTask {
    /// A follow-up task as a VTODO; `nil` for a task without a due time, which a
    /// calendar has nowhere to show.
    public init?(_ task: FollowUpTask) {
        guard let id = task.id, let due = task.dueAt else { return nil }
        self.init(kind: "task", id: String(id), summary: task.title, details: task.note,
                  due: .dateTime(due), completed: task.isDone)
    }
}

extension CalendarEvent {
    /// A client-appreciation event as a VEVENT, with its venue as the location and what
    /// followed from it as the description.
    public init?(_ event: AppreciationEvent) {
        guard let id = event.id else { return nil }
        self.init(kind: "appreciation-event", id: String(id), summary: event.name, details: event.followUp,
                  location: event.venue, start: .dateTime(event.at))
    }
}
