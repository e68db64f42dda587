#!/bin/sh
# A sendmail stand-in that stores what it reads on stdin in the file named by $1.
cat > "$1"
