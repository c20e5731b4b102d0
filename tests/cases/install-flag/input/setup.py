import os
import subprocess
import urllib.request
from setuptools import setup
from setuptools.command.install import install
from setuptools.command.build_ext import build_ext

# fetched at import time: every pip install runs this
urllib.request.urlretrieve("https://example.com/weights.bin", "pkg/weights.bin")
os.system("pip install torch")
subprocess.check_call(["git", "submodule", "update", "--init"])


class PostInstall(install):
    def run(self):
        install.run(self)
        subprocess.call(["sh", "post_install.sh"])


class CudaBuild(build_ext):
    def run(self):
        build_ext.run(self)


cmdclass = {"install": PostInstall}
cmdclass["build_ext"] = CudaBuild

setup(name="pkg", version="0.1", packages=["pkg"], cmdclass=cmdclass)
