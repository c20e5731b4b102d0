# tf_keras (Keras 2 as its own package) is judged like keras: the byte
# prefilter must not drop a file that names only tf_keras
import tf_keras

model = tf_keras.models.load_model("model.keras", safe_mode=False)
safe = tf_keras.models.load_model("model.keras")
