#!/bin/sh
# An $EDITOR stand-in for `refer outbox edit`: renames the subject and adds a line to
# the body of the file it is given, as a user would in a real editor.
sed -i 's/^Subject: .*/Subject: A new subject, ăîș/' "$1"
printf 'P.S. See you at the wine tasting.\n' >> "$1"
