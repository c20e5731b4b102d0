chmod 000 requirements-locked.txt
