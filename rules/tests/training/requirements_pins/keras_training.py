"""Trains a Keras regressor."""
import numpy as np
import tensorflow as tf

params = {"epochs": 3}
data = np.load("/opt/ml/input/data/train/train.npz")
model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(data["x"], data["y"], epochs=params["epochs"], validation_split=0.1)
model.save("/opt/ml/model/1")
