// The costs of crossing the Lua bridge, each measured beside the plain-Lua or
// plain-C path it is compared with, in the same run (README.md has the targets).
//
// Per-call figures: one benchmark iteration runs `scalingFactor` (1,000) calls inside
// a single Lua loop (or a single Swift loop for Swift → Lua), so the plugin's scaled
// figures are nanoseconds per call. A thousand calls make an iteration long enough
// (15 µs and more) for the clock, and short enough for hundreds of samples. Loops run
// inside `withLimits`, as plugin code does: the count hook and the counting allocator
// are in force.

import Benchmark
import CLua
import LuaRuntime

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        // Throughput is there for the JMH export that run.sh reads.
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 100_000
    )

    do {
        try registerCallBenchmarks()
        try registerFieldBenchmarks()
        try registerStateBenchmarks()
        try registerSwiftCallsLuaBenchmarks()
    } catch {
        print("LuaBridge: setting up the benchmarks failed: \(error)")
    }
}

/// The limits of an ordinary plugin run, so that the hook and the memory ceiling cost
/// what they cost in production.
let runLimits = LuaLimits()

/// A sandboxed state and one compiled chunk that loops `n` times (its one argument).
final class LuaLoop {
    let state: LuaState
    let chunk: LuaReference

    init(_ source: String, prepare: (LuaState) throws -> Void = { _ in }) throws {
        state = try LuaState.sandboxed()
        try prepare(state)
        chunk = try state.load(source, chunkName: "=bench")
    }

    /// Runs the loop `n` times; one protected call, whatever `n`.
    func run(_ n: Int) throws {
        try state.withLimits(runLimits) {
            state.push(reference: chunk)
            state.push(.integer(Int64(n)))
            try state.pcall(arguments: 1, results: 0)
        }
    }

    /// Registers a benchmark that runs the loop `scalingFactor` times per iteration.
    func register(_ name: String) {
        Benchmark(name) { benchmark in
            try self.run(benchmark.scaledIterations.count)
        }
    }
}

// MARK: (a) Lua calls C vs Lua calls Swift

/// `rawequal` is the C side: a stock library function that only compares its two
/// arguments, the nearest thing to an empty C function the sandbox offers.
func registerCallBenchmarks() throws {
    try LuaLoop("local n = ...; for i = 1, n do end").register("a0 empty Lua loop (overhead)")
    try LuaLoop("local n = ...; local f, x = rawequal, 'x'; for i = 1, n do f(x, x) end")
        .register("a1 Lua calls C rawequal(x, x)")
    try LuaLoop("local n = ...; local f, x = swiftnop, 'x'; for i = 1, n do f(x, x) end") { state in
        state.register("swiftnop") { _ in 0 }
    }.register("a2 Lua calls Swift swiftnop(x, x)")
}

// MARK: (b) field of a host object vs field of a Lua table

/// A host object as plugins see partners: userdata whose fields Swift answers.
final class BenchPartner: LuaUserdata {
    static let luaTypeName = "Partner"
    let name: LuaValue = "Ana"

    func luaIndex(_ key: LuaValue) throws -> LuaValue {
        key == "name" ? name : .nil
    }
}

func registerFieldBenchmarks() throws {
    let read = "local n = ...; local p = partner; for i = 1, n do local v = p.name end"
    try LuaLoop(read) { state in
        state.setGlobal("partner", .userdata(BenchPartner()))
    }.register("b1 userdata field (Swift __index)")
    try LuaLoop(read) { state in
        state.setGlobal("partner", .table(LuaTable(["name": "Ana"])))
    }.register("b2 plain table field")
    // A model row: a plain table whose missing fields a host __index loads once and
    // caches with rawset, so later reads are plain table reads.
    try LuaLoop("local n = ...; local p = setmetatable({}, row_mt); for i = 1, n do local v = p.name end") { state in
        try installRowMetatable(state)
    }.register("b3 lazy row field, cached (host __index once)")
    // The first read of each row: a new row per read, so every read goes to the host.
    try LuaLoop("local n = ...; local mt = row_mt; for i = 1, n do local v = setmetatable({}, mt).name end") { state in
        try installRowMetatable(state)
    }.register("b4 lazy row field, first read (new row + host __index)")
    try LuaLoop("local n = ...; local mt = row_mt; for i = 1, n do local v = setmetatable({ name = 'Ana' }, mt).name end") { state in
        try installRowMetatable(state)
    }.register("b5 new row with the field set (baseline for b4)")
}

/// Sets the global `row_mt`: a metatable whose `__index` is a host function that
/// looks the field up and stores it in the row with `rawset`.
func installRowMetatable(_ state: LuaState) throws {
    let loadField = LuaHostFunction("__index") { frame in
        guard frame.argumentCount >= 2, lua_type(frame.L, 1) == LUA_TTABLE else { return 0 }
        let value: LuaValue = frame.argument(2) == "name" ? "Ana" : .nil
        lua_pushvalue(frame.L, 2)
        frame.push(value)
        lua_rawset(frame.L, 1)
        frame.push(value)
        return 1
    }
    state.setGlobal("row_mt", .table(LuaTable(["__index": .function(loadField)])))
}

// MARK: (c) a new sandboxed state

func registerStateBenchmarks() throws {
    let heapBytes = BenchmarkMetric.custom("Lua heap after creation (bytes)", useScalingFactor: false)
    Benchmark(
        "c sandboxed state: create + close",
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal, .mallocBytesCount, heapBytes],
            timeUnits: .microseconds,
            scalingFactor: .one,
            maxDuration: .seconds(2),
            maxIterations: 10_000
        )
    ) { benchmark in
        let state = try LuaState.sandboxed()
        let bytes = state.memoryInUse
        state.close()
        benchmark.measurement(heapBytes, bytes)
    }
}

// MARK: (d) Swift calls a Lua function

func registerSwiftCallsLuaBenchmarks() throws {
    func identity() throws -> (LuaState, LuaReference) {
        let state = try LuaState.sandboxed()
        let source = try state.load("return function(x) return x end", chunkName: "=bench")
        let function = try state.call(source, results: 1)
        guard case .reference(let f)? = function.first else {
            throw LuaError(kind: .runtime, message: "the chunk did not return a function")
        }
        return (state, f)
    }

    let (stackState, stackFunction) = try identity()
    Benchmark("d1 Swift calls Lua: push + pcall + pop") { benchmark in
        try stackState.withLimits(runLimits) {
            for i in benchmark.scaledIterations {
                stackState.push(reference: stackFunction)
                stackState.push(.integer(Int64(i)))
                try stackState.pcall(arguments: 1, results: 1)
                stackState.pop()
            }
        }
    }

    let (callState, callFunction) = try identity()
    Benchmark("d2 Swift calls Lua: call(f, [x])") { benchmark in
        try callState.withLimits(runLimits) {
            for i in benchmark.scaledIterations {
                try blackHole(callState.call(callFunction, [.integer(Int64(i))], results: 1))
            }
        }
    }
}
