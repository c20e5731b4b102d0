from transformers import AutoModel

model = AutoModel.from_pretrained("acme/tiny", trust_remote_code=True)
