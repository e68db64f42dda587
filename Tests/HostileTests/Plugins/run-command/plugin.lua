-- Tries to run a command.
return { name = "run-command", description = "os.execute", run = function()
  os.execute("touch /tmp/refer-pwned")
end }
