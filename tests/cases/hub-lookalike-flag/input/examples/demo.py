from transformers import AutoModel

# an example runs what it loads: the level is kept outside the product code too
model = AutoModel.from_pretrained("Sa1esforce/blip-image-captioning-base", revision="0123456789abcdef0123456789abcdef01234567")
