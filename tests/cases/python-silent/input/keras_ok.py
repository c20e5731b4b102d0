import keras

m = keras.models.load_model("model.keras")
n = keras.saving.load_model("model.keras", safe_mode=True)
