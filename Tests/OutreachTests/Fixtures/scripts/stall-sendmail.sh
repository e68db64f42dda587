#!/bin/sh
# A sendmail stand-in that keeps each message it reads as DIR/N.eml, and on message
# STALL_AT hangs once (writing DIR/stalled.pid first) so a test can kill `refer send`
# in the middle of a batch. MODE "after" hangs after keeping the message (it went
# out), "before" hangs before (it did not).
# usage: stall-sendmail.sh DIR STALL_AT after|before
dir=$1
n=$(( $(ls "$dir" | grep -c '\.eml$') + 1 ))
if [ "$n" -eq "$2" ] && [ ! -e "$dir/stalled.pid" ]; then
  if [ "$3" = after ]; then cat > "$dir/$n.eml"; else cat > /dev/null; fi
  # Written aside and renamed, so the test never reads a half-written pid.
  echo $$ > "$dir/stalled.tmp" && mv "$dir/stalled.tmp" "$dir/stalled.pid"
  exec sleep 120
fi
cat > "$dir/$n.eml"
