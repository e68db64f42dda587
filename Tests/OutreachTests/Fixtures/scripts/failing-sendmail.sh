#!/bin/sh
# A sendmail stand-in that reads the message, complains on stderr and exits 75 (EX_TEMPFAIL).
cat > /dev/null
echo "sendmail: cannot connect to mail.example.ro: Connection refused" >&2
exit 75
