-- Tries loadfile / dofile.
return { name = "loadfile", description = "loadfile", run = function()
  return loadfile("/etc/passwd")
end }
