-- Resumes a looping coroutine again and again, ignoring its errors.
return { name = "coroutine-swallow", description = "swallows coroutine errors", run = function()
  while true do
    local co = coroutine.create(function() while true do end end)
    coroutine.resume(co)
  end
end }
