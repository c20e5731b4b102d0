from setuptools import setup

setup(name="served", version="1.0", install_requires=["flask>=3"])
