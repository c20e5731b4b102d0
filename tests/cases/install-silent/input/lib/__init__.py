import subprocess
import requests

# not setup.py: ordinary code, not install-time
subprocess.run(["ls"])
requests.get("https://example.com")
