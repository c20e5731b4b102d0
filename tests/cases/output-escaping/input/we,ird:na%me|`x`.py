import os
x = input()
eval(x)
