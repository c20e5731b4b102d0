import pickle

ｅｖａｌ(user_input)  # fullwidth
𝐞𝐱𝐞𝐜(code)
pickle.ｌｏａｄｓ(blob)
x = "café"; ℯval(y)
