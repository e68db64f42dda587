-- Tries to drive the collector.
return { name = "collectgarbage-full", description = "collectgarbage", run = function()
  collectgarbage("collect")
end }
