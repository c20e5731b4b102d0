

serveƒ

xPlaceholder

dense/MatMulMatMul

saver/SaveV2SaveV2

saver/RestoreV2	RestoreV2


my_fn
fn/addAddV2"¿