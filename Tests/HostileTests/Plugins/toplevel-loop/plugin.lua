-- Spins forever while plugin.lua is being loaded, before any definition exists.
while true do end
