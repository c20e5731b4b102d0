from setuptools import setup

REQUIREMENTS = [
    "numpy>=1.26",
    "ultralytics==8.3.42",
]

setup(
    name="manifests",
    install_requires=REQUIREMENTS,
    setup_requires=["setuptools_scm"],
    extras_require={"viz": ["matplotib>=3"]},
    tests_require=read_requirements("test.txt"),
)
