export { WebGLRenderer, Scene, PerspectiveCamera, OrthographicCamera, Color, Vector2, Vector3, Vector4, Matrix4, Quaternion,
  Object3D, Group, Mesh, InstancedMesh, InstancedBufferAttribute, BufferGeometry, BufferAttribute, Float32BufferAttribute,
  CylinderGeometry, BoxGeometry, PlaneGeometry, EdgesGeometry, LineSegments, LineBasicMaterial, Line, MeshStandardMaterial,
  MeshLambertMaterial, MeshBasicMaterial, MeshPhongMaterial, AmbientLight, HemisphereLight, DirectionalLight, Raycaster, Plane, Box3, Sphere,
  GridHelper, DoubleSide, FrontSide, DynamicDrawUsage, SRGBColorSpace, MOUSE, TOUCH, Spherical, MathUtils, CanvasTexture, Sprite, SpriteMaterial } from 'three';
export { OrbitControls } from 'three/addons/controls/OrbitControls.js';
