-- A plain error whose handler never returns.
return { name = "xpcall-handler-after-error", description = "handler loops", run = function()
  xpcall(error, function() while true do end end, "boom")
end }
