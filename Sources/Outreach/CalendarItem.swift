import Foundation

/// A point in time for a calendar item: an instant, or a whole day.
public enum CalendarTime: Sendable, Equatable {
    /// An instant, written as the practice's wall-clock time (or UTC).
    case dateTime(Date)
    /// A whole day, e.g. a follow-up due "on Tuesday".
    case date(year: Int, month: Int, day: Int)
}

/// A VEVENT: a client-appreciation event, a follow-up meeting, a call.
public struct CalendarEvent: Sendable, Equatable {
    /// What sort of item it is, e.g. `appreciation-event` or `follow-up`; part of the UID
    /// and written as its CATEGORIES.
    public var kind: String
    /// The item's id in the store; part of the UID.
    public var id: String
    /// The title.
    public var summary: String
    /// Longer text, may hold line breaks.
    public var details: String?
    /// Where it takes place.
    public var location: String?
    /// When it starts.
    public var start: CalendarTime
    /// When it ends, if known.
    public var end: CalendarTime?

    /// Creates an event.
    public init(
        kind: String, id: String, summary: String, details: String? = nil, location: String? = nil,
        start: CalendarTime, end: CalendarTime? = nil
    ) {
        self.kind = kind
        self.id = id
        self.summary = summary
        self.details = details
        self.location = location
        self.start = start
        self.end = end
    }
}

/// A VTODO: a task such as "Call Ana to say thanks".
public struct CalendarTask: Sendable, Equatable {
    /// What sort of task, e.g. `task` or `thank-you-call`; part of the UID.
    public var kind: String
    /// The task's id in the store; part of the UID.
    public var id: String
    /// The title.
    public var summary: String
    /// Longer text, may hold line breaks.
    public var details: String?
    /// When it is due, if it has a due time.
    public var due: CalendarTime?
    /// Whether it is done.
    public var completed: Bool

    /// Creates a task.
    public init(
        kind: String, id: String, summary: String, details: String? = nil,
        due: CalendarTime? = nil, completed: Bool = false
    ) {
        self.kind = kind
        self.id = id
        self.summary = summary
        self.details = details
        self.due = due
        self.completed = completed
    }
}
