#!/usr/bin/env python3
"""extract-snapshot.py GIT_DIR OUT - write HEAD's files of a bare snapshot into OUT.

`git archive` stops at the first blob a snapshot lacks (the fetch tool's snapshots leave out
files of 4 MiB and more); this writes every blob that is there and counts the missing ones.
Symbolic links are not written. Stdlib only."""
import subprocess,sys,os
g,out=sys.argv[1],sys.argv[2]
ls=subprocess.run(['git','--git-dir',g,'ls-tree','-r','-z','HEAD'],capture_output=True).stdout.split(b'\0')
ents=[]
for e in ls:
    if not e: continue
    meta,path=e.split(b'\t',1)
    mode,typ,oid=meta.split()
    if typ!=b'blob' or mode==b'120000': continue
    ents.append((oid,path))
p=subprocess.Popen(['git','--git-dir',g,'cat-file','--batch'],stdin=subprocess.PIPE,stdout=subprocess.PIPE)
miss=0
for oid,path in ents:
    p.stdin.write(oid+b'\n'); p.stdin.flush()
    hdr=p.stdout.readline()
    if hdr.endswith(b'missing\n'): miss+=1; continue
    size=int(hdr.split()[2]); data=p.stdout.read(size); p.stdout.read(1)
    fp=os.path.join(out.encode(),path); os.makedirs(os.path.dirname(fp),exist_ok=True)
    open(fp,'wb').write(data)
print(len(ents),'entries',miss,'missing')
