from setuptools import setup
exec(open("v.py").read())
setup()
