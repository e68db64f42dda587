-- Loops inside a coroutine (hooks are per thread).
return { name = "coroutine-loop", description = "loops in a coroutine", run = function()
  coroutine.wrap(function() while true do end end)()
end }
