-- Tries to require a file outside its folder.
return { name = "require-escape", description = "require ../", run = function()
  require "../../../etc/passwd"
end }
