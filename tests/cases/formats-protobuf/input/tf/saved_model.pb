…

servez

xPlaceholder

load_secretReadFile

pyPyFunc:
8

my_fn
fn/eagerEagerPyFunc
fn/dump	WriteFile"¿