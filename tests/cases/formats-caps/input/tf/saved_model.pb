¤¡

n0ReadFile

n1PyFunc

n2ReadFile

n3PyFunc

n4ReadFile

n5PyFunc

n6ReadFile

n7PyFunc

n8ReadFile

n9PyFunc

n10ReadFile

n11PyFunc

n12ReadFile

n13PyFunc

n14ReadFile

n15PyFunc

n16ReadFile

n17PyFunc

n18ReadFile

n19PyFunc

n20ReadFile

n21PyFunc

n22ReadFile

n23PyFunc

n24ReadFile

fnodeEagerPyFunc