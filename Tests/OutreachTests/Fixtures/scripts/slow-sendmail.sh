#!/bin/sh
# A sendmail stand-in that hangs, for the timeout test.
echo "slow-sendmail: waiting for the server" >&2
sleep 30
