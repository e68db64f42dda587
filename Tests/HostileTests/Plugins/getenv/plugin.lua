-- Tries to read the environment.
return { name = "getenv", description = "os.getenv", run = function()
  return os.getenv("HOME")
end }
