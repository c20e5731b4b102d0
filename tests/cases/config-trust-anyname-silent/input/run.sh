#!/bin/sh
key: trust_remote_code: true
other: value
