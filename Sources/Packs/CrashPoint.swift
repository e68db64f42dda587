import Foundation

/// Test hook: when `REFER_TEST_CRASH_AT` names a step, the process kills itself with
/// SIGKILL there, so tests can prove an interrupted install leaves the practice whole.
enum CrashPoint {
    static let variable = "REFER_TEST_CRASH_AT"

    static func reach(_ step: String) {
        if ProcessInfo.processInfo.environment[variable] == step {
            kill(getpid(), SIGKILL)
        }
    }
}
