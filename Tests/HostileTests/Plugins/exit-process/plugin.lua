-- Tries to end the host process.
return { name = "exit-process", description = "os.exit", run = function()
  os.exit(0)
end }
