// The dependency-free build of Bottleneck that @octokit/plugin-throttling itself uses; it has no
// typings of its own, and its API is the full build's.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck'
  export default Bottleneck
}
