#!/bin/sh
pip install requests
