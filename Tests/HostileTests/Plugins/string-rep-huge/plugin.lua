-- Asks a C library function for a terabyte in one call.
return { name = "string-rep-huge", description = "huge string.rep", run = function()
  return string.rep("x", 1 << 40)
end }
