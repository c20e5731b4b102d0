from datasets import load_dataset
from sentence_transformers import SentenceTransformer
from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline
from vllm import LLM
from huggingface_hub import hf_hub_download, snapshot_download
from diffusers import DiffusionPipeline

tok = AutoTokenizer.from_pretrained("meta-llama/Llama-2-7b-hf")
model = AutoModelForCausalLM.from_pretrained("org/custom-model", trust_remote_code=True,
                                             revision="0123456789abcdef0123456789abcdef01234567")
gen = pipeline("text-generation", model="gpt2", revision="main")
ds = load_dataset("org/dataset", trust_remote_code=True)
emb = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")
llm = LLM(model="org/model", trust_remote_code=True)
path = hf_hub_download(repo_id="org/model", filename="model.safetensors")
snap = snapshot_download("org/model", revision="v1.0")
pipe = DiffusionPipeline.from_pretrained("stabilityai/stable-diffusion-xl-base-1.0")
