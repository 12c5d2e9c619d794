var total = (typeof total === 'number' ? total : 0)
var loads = (typeof loads === 'number' ? loads : 0) + 1
function bump() { total += 1; return helper(total) }
function helper(n) { return 'count=' + n + ',loads=' + loads }
