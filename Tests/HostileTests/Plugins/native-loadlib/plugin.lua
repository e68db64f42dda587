-- Tries to load native code.
return { name = "native-loadlib", description = "package.loadlib", run = function()
  package.loadlib("/lib/x86_64-linux-gnu/libc.so.6", "system")("touch /tmp/refer-pwned")
end }
