import keras
from tensorflow import keras as tfk

keras.config.enable_unsafe_deserialization()
m1 = keras.models.load_model("model.keras", safe_mode=False)
m2 = tfk.models.load_model("model.keras", safe_mode=False)
