"""Trains a Keras classifier."""
import json

import numpy as np
import tensorflow as tf

with open("/opt/ml/input/config/hyperparameters.json") as f:
    hyperparameters = json.load(f)
data = np.load("/opt/ml/input/data/train/train.npz")
model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(data["x"], data["y"], epochs=int(hyperparameters.get("epochs", 3)), validation_split=0.1)
model.save("/opt/ml/model/1")
