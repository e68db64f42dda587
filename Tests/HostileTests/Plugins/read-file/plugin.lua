-- Tries to read a file.
return { name = "read-file", description = "io.open", run = function()
  return io.open("/etc/passwd"):read("a")
end }
