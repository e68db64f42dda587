-- A load reader function that never ends.
return { name = "load-reader-loop", description = "reader loops", run = function()
  load(function() while true do end end)
end }
